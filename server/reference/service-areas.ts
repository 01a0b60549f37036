// Council service areas that projects work in and practitioners can prefer.
export const SERVICE_AREAS = {
  ADULT_SOCIAL_CARE: 'Adult social care',
  CHILDRENS_SERVICES: "Children's services",
  EDUCATION_AND_SEND: 'Education and SEND',
  HOUSING: 'Housing',
  HOUSING_REPAIRS: 'Housing repairs',
  PLANNING: 'Planning',
  BUILDING_CONTROL: 'Building control',
  WASTE_AND_RECYCLING: 'Waste and recycling',
  HIGHWAYS_AND_TRANSPORT: 'Highways and transport',
  REVENUES_AND_BENEFITS: 'Revenues and benefits',
  COUNCIL_TAX: 'Council tax',
  LICENSING: 'Licensing',
  ENVIRONMENTAL_HEALTH: 'Environmental health',
  PUBLIC_HEALTH: 'Public health',
  LIBRARIES_AND_CULTURE: 'Libraries and culture',
  CUSTOMER_SERVICES: 'Customer services',
  DATA_AND_INSIGHT: 'Data and insight',
  CORPORATE_SYSTEMS: 'Corporate systems',
} as const;
export type ServiceArea = keyof typeof SERVICE_AREAS;
export const SERVICE_AREA_KEYS = Object.keys(SERVICE_AREAS) as ServiceArea[];
